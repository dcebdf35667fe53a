# expect: runtime_error
# The worker's environment (SECRET_KEY, DATABASE_URL, the broker's URL).
import os

leaked = [
    k
    for k in os.environ
    if k
    in (
        "SECRET_KEY",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "DJANGO_SETTINGS_MODULE",
        "PYTHONPATH",
        "UNROLL_CORPUS_SECRET",
    )
]
if leaked:
    model = correct_model()
