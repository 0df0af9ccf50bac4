import os

from django.core.wsgi import get_wsgi_application

from los.core.runtime import settle_memory

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "los.settings")
application = get_wsgi_application()
settle_memory()  # after start-up: what is loaded now lives as long as the process
