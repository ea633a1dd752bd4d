"""``python -m monitor.schemas``: rewrite the schema files from the models."""

import sys

from monitor.schemas import write_all

for path in write_all():
    print(path, file=sys.stderr)
