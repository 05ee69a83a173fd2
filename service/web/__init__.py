"""What people see: the embeddable widget, the public course pages, and the Jinja2 templating
(with gettext and CLDR formatting) that the course pages and the translator UI share."""
