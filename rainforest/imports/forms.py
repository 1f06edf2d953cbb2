from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rainforest.imports.inspection import FileRefused, inspect_xlsx
from rainforest.imports.registry import RECORD_TYPES


class UploadForm(forms.Form):
    record_type = forms.ChoiceField(label=_("数据类型"), choices=())
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
    dry_run = forms.BooleanField(label=_("仅校验，不保存"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [(name, t.label) for name, t in RECORD_TYPES.items() if t.importable]
        self.fields["record_type"].choices = choices  # type: ignore[attr-defined]

    def clean_file(self) -> object:
        """Only an .xlsx within the size and sheet limits (imports.inspection), checked by its content."""
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("请上传 Excel .xlsx 文件（旧版 .xls、.ods 等请在 Excel 中“另存为” .xlsx）")
            )
        try:
            inspect_xlsx(upload)
        except FileRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return upload
