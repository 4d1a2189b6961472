from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inflytt.settings")

application = get_wsgi_application()

# Import every view while the worker starts rather than in its first request: the URL patterns
# pull in the reports' charts and PDFs and build the API's schemas, which made each new worker's
# first request take 1.5 s (issue 16's load run: a p95 of 2.9 s in its first ten seconds). An
# import error now stops the worker at start instead of failing that request.
get_resolver().url_patterns  # noqa: B018 - the import is the point
