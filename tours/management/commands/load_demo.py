from django.utils.translation import gettext as _

from inspection.management.demo import DemoDataCommand
from tours.demo import load_demo
from tours.models import Station
from tours.synthetic import load_scale


class Command(DemoDataCommand):
    help = "Load the demo tours and one account per role (idempotent)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            help="Also generate a synthetic term of N rounds (load tests).",
        )

    def handle(self, *args, scale=0, **options):
        accounts = load_demo()
        if scale > 0:
            term = load_scale(scale)
            self.stdout.write(
                _("已生成合成届“%(term)s”：%(rounds)d 轮，%(stations)d 个进驻。")
                % {
                    "term": term,
                    "rounds": term.rounds.count(),
                    "stations": Station.objects.filter(round__term=term).count(),
                }
            )
        self.stdout.write(_("演示账户（用户名 / 密码 / 角色）："))
        for username, password, role in accounts:
            self.stdout.write(f"  {username:<12} {password:<12} {role}")
