"""The ``panelist`` command: Django's manage.py for this project (``panelist migrate``)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panelist.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"panelist: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
