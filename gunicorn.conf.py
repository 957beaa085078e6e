"""gunicorn's settings for this site (gunicorn reads ./gunicorn.conf.py by itself).

Every value can be overridden on the command line or with GUNICORN_CMD_ARGS. TLS is
terminated by a proxy in front (nginx, a load balancer); gunicorn trusts its
X-Forwarded-Proto from loopback (forwarded_allow_ips's default), so Django knows the
request was HTTPS.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two sync workers per two cores measured as fast as four (see NOTES in the README).
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
timeout = 30
graceful_timeout = 20
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
