"""The production settings the deployment test's app servers run with, and two changes:

- anonymous pages tell shared caches to keep them 3 seconds instead of 30
  (CACHING_PAGE_SHARED_SECONDS), so that the test can watch nginx's copy expire without
  waiting half a minute (the test reads the value from the pages' Cache-Control);
- passwords are hashed as the test settings hash them (the accounts are made by the test
  process), and as fast: a production hash costs about half a second a login.
"""

from sciatica_site.settings import *  # noqa: F403

CACHING_PAGE_SHARED_SECONDS = 3
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
