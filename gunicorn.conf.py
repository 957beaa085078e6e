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
# The reader's address as the proxy saw it comes first (gunicorn's own %(h)s is the proxy's).
access_log_format = '%({x-forwarded-for}i)s %(h)s %(t)s "%(r)s" %(s)s %(b)s "%(a)s" %(M)sms'
# No control socket (gunicornc is not used): several gunicorns on one host would share its
# default path.
control_socket_disable = True
