import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspection.settings")
application = get_wsgi_application()

from inspection.checks import require_production_keys  # noqa: E402  (needs settings loaded)

require_production_keys()
