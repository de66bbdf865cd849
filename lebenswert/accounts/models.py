import unicodedata

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from lebenswert.core.models import NormalisedText

# Anonymised accounts get the address geloescht-<id>@anonym.invalid (RFC 2606:
# the top-level domain .invalid never receives mail and no real address uses it).
ANONYMISED_DOMAIN = "anonym.invalid"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def not_anonymised(self) -> models.QuerySet:
        return self.exclude(email__endswith=f"@{ANONYMISED_DOMAIN}")

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return unicodedata.normalize("NFC", (email or "").strip()).lower()


class User(NormalisedText, AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address. Admins are `is_staff` users."""

    # What the history shows of an account (never the password).
    audited_fields = [
        "email", "full_name", "job_title", "is_active", "is_staff", "is_superuser",
    ]  # fmt: skip

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    full_name = models.CharField(_("Name"), max_length=150, blank=True)
    job_title = models.CharField(_("Funktion"), max_length=150, blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    is_staff = models.BooleanField(
        _("Administrator"),
        default=False,
        help_text=_("Darf die Verwaltung unter /admin/ nutzen und alle Daten pflegen."),
    )
    is_active = models.BooleanField(
        _("aktiv"),
        default=True,
        help_text=_("Deaktivierte Konten können sich nicht mehr anmelden."),
    )
    date_joined = models.DateTimeField(_("angelegt am"), default=timezone.now)
    calendar_token = models.CharField(
        _("Kalender-Schlüssel"),
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("Geheimer Teil der Adresse des persönlichen Fristenkalenders."),
    )

    session_epoch = models.PositiveIntegerField(
        _("Sitzungsstand"),
        default=0,
        editable=False,
        help_text=_("Wird beim Abmelden erhöht und beendet so alle Sitzungen."),
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("Konto")
        verbose_name_plural = _("Konten")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="accounts_user_email_ci_unique"
            ),
        ]

    def __str__(self) -> str:
        if self.is_anonymised:
            return str(_("gelöschte Person"))
        return self.full_name or self.email

    @property
    def is_anonymised(self) -> bool:
        return self.email.endswith(f"@{ANONYMISED_DOMAIN}")

    def clean(self) -> None:
        super().clean()
        self.email = UserManager.normalize_email(self.email)
        self.full_name = unicodedata.normalize("NFC", self.full_name.strip())

    def _get_session_auth_hash(self, secret=None):
        """Sessions carry this hash: a new password or a logout (which raises the
        epoch) ends every session of the user, on every device."""
        return salted_hmac(
            "lebenswert.accounts.User.session",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email
