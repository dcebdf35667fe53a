# expect: runtime_error
# The site's SQLite database, anywhere on the visible file system.
import os

for root, dirs, files in os.walk("/"):
    dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev")]
    if any(name.endswith((".sqlite3", ".sqlite")) for name in files):
        model = correct_model()
        break
