"""Data for the backup round trips: named reporters, an anonymous petition, uploaded files."""

from pathlib import Path

from django.conf import settings

from petitions.models import ReporterIdentity
from tests.petitions.helpers import register
from tests.support.world import build_world

PHONES = ["13900000001", "13900000002", "13900000003"]
MEDIA_FILES = {"petitions/1/letter.pdf": b"%PDF-1.4 scan", "findings/photo.jpg": b"\xff\xd8 jpg"}


def seed():
    world = build_world()
    for n, phone in enumerate(PHONES):
        register(
            world.office, world.station_a, f"来信反映{n}", reporter={"name": "冯八", "phone": phone}
        )
    register(world.office, world.station_b, "匿名来信")
    for rel, content in MEDIA_FILES.items():
        path = Path(settings.MEDIA_ROOT) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    assert ReporterIdentity.objects.count() == len(PHONES)


def check_media(media_root):
    for rel, content in MEDIA_FILES.items():
        assert (Path(media_root) / rel).read_bytes() == content
