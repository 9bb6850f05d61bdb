"""python manage.py makemessages: Django's command, also extracting strings marked with L(...).

The application forms and the Excel exports mark their many lazy strings with the short name
`L = gettext_lazy`, which xgettext does not know by itself.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=L"]
