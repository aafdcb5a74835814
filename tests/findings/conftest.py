import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded evidence goes to a throwaway directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
