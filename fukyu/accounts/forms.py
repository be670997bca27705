from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password

from fukyu.accounts.roles import ROLE_LABELS


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label="利用者名",
        regex=r"^[A-Za-z0-9_.@+-]{3,150}$",
        error_messages={"invalid": "半角英数字と _ . @ + - で3文字以上にしてください"},
    )
    display_name = forms.CharField(label="氏名", max_length=100, required=False)
    organisation = forms.CharField(label="所属", max_length=100, required=False)
    email = forms.EmailField(label="メールアドレス", required=False)
    role = forms.ChoiceField(label="役割", choices=list(ROLE_LABELS.items()))
    password = forms.CharField(
        label="初期パスワード",
        widget=forms.PasswordInput,
        help_text="10文字以上。初回ログイン時に二要素認証を設定します。",
    )

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        validate_password(password)
        return password


class UserRoleForm(forms.Form):
    role = forms.ChoiceField(label="役割", choices=list(ROLE_LABELS.items()))
    is_active = forms.BooleanField(label="有効", required=False)


class TotpForm(forms.Form):
    code = forms.RegexField(
        label="確認コード（6桁）",
        regex=r"^\d{6}$",
        error_messages={"invalid": "認証アプリに表示された6桁の数字を入力してください"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
