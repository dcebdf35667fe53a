# expect: runtime_error
# The site's SQLite database, anywhere on the visible file system.
import os

# Pruned of the big system trees the sandbox shows on purpose (read-only, and nothing of the
# site's lives there): walking all of them on a cold disk cache outlasts the wall limit.
SYSTEM_TREES = ("proc", "sys", "dev", "usr", "lib", "lib64", "lib32", "site-packages", "dist-packages")
for root, dirs, files in os.walk("/"):
    dirs[:] = [d for d in dirs if d not in SYSTEM_TREES]
    if any(name.endswith((".sqlite3", ".sqlite")) for name in files):
        model = correct_model()
        break
