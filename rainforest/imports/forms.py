from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
            raise forms.ValidationError(_("请上传 Excel 文件（.xlsx）"))
        return upload
