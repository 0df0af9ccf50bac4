from django.forms.renderers import TemplatesSetting


class LosFormRenderer(TemplatesSetting):
    """Every form renders with Aksel markup, labels, help and errors tied to their fields."""

    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"
