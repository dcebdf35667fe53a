# expect: runtime_error
# The project's files: settings, manage.py, the exercises' reference solutions.
import os

for top in ("/",):
    for root, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev")]
        if "manage.py" in files or "solution.py" in files or "settings_test.py" in files:
            model = correct_model()
            break
