"""Filters of the cooperation register, parsed from the address (GET parameters)."""

from functools import cache

import django_filters
from django import forms
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lebenswert.core.forms import filter_helper
from municipalities.forms import MunicipalityField

from .models import Cooperation, CooperationPartner

MAX_LENGTH = 100


class _TrimmedCharField(forms.CharField):
    """Free text, stripped and cut to MAX_LENGTH: a long value narrows, never fails."""

    def to_python(self, value) -> str:
        return super().to_python(value)[:MAX_LENGTH]

    def bound_data(self, data, initial):
        # The form shows what was searched for: stripped and cut, as filtered.
        return self.to_python(super().bound_data(data, initial))


class _TextFilter(django_filters.CharFilter):
    field_class = _TrimmedCharField


class _MunicipalityFilter(django_filters.Filter):
    """A partner municipality by name or AGS (municipalities.forms)."""

    field_class = MunicipalityField


class CooperationFilterForm(forms.Form):
    """The register's search form: text, status and a partner municipality (name
    or AGS); the other parameters come only from links."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An ambiguous name lists its matches as links to the filtered register.
        self.fields["municipality"].choose_by_link(self.data, "municipality")
        self.helper = filter_helper(
            self,
            submit=_("Filtern"),
            label=_("Kooperationen suchen"),
            search=True,
            fields=["query", "status", "municipality"],
        )


def has_partner(condition: Q) -> Exists:
    """Cooperations with a member partner (not one only asked) meeting the
    condition, as an EXISTS."""
    return Exists(
        CooperationPartner.objects.members().filter(
            condition, cooperation_id=OuterRef("pk")
        )
    )


class CooperationFilter(django_filters.FilterSet):
    """The register /kooperationen/: ?query=, ?status=, ?sector=, ?form=,
    ?municipality= (AGS or name), ?kreis= (code) and ?current=1
    (without ended cooperations).

    Every condition on partners or sectors is an EXISTS, so no join multiplies
    rows and no DISTINCT is needed, whatever the number of cooperations. An
    unknown value finds nothing; it is no error.
    """

    class Meta:
        model = Cooperation
        fields = []
        form = CooperationFilterForm

    query = _TextFilter(
        method="filter_query",
        label=_("Suche in Titel und Aufgabe"),
        widget=forms.SearchInput(attrs={"maxlength": MAX_LENGTH}),
    )
    # A plain text filter shown as a choice: an unknown status finds nothing.
    status = _TextFilter(
        field_name="status",
        label=_("Status"),
        widget=forms.Select(choices=[("", _("alle")), *Cooperation.Status.choices]),
    )
    sector = _TextFilter(method="filter_sector")
    form = _TextFilter(field_name="form__code")
    municipality = _MunicipalityFilter(
        method="filter_municipality", label=_("Gemeinde"), help_text=""
    )
    kreis = _TextFilter(method="filter_kreis")
    current = _TextFilter(method="filter_current")  # "1": no ended ones (map)

    def cleaned_values(self) -> dict[str, str]:
        """Each parameter's cleaned value, "" where not given (page and cache key):
        a municipality by its AGS, one not found by what was typed."""
        self.is_valid()
        values = {}
        for name in self.filters:
            value = self.form.cleaned_data.get(name) or ""
            if name in self.form.errors:
                value = "?" + self.form.data.get(name, "")
            values[name] = getattr(value, "ags", value)
        return values

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # A municipality that was not found (or not chosen yet) finds nothing.
        if "municipality" in self.form.errors:
            return queryset.none()
        return super().filter_queryset(queryset)

    def filter_query(self, queryset: QuerySet, name, value: str) -> QuerySet:
        return queryset.filter(Q(title__icontains=value) | Q(task__icontains=value))

    def filter_sector(self, queryset: QuerySet, name, value: str) -> QuerySet:
        return queryset.filter(
            Exists(
                Cooperation.sectors.through.objects.filter(
                    cooperation_id=OuterRef("pk"), sector__code=value
                )
            )
        )

    def filter_municipality(self, queryset: QuerySet, name, value) -> QuerySet:
        return queryset.filter(has_partner(Q(municipality=value)))

    def filter_kreis(self, queryset: QuerySet, name, value: str) -> QuerySet:
        return queryset.filter(has_partner(Q(municipality__kreis_id=value)))

    def filter_current(self, queryset: QuerySet, name, value: str) -> QuerySet:
        return queryset.current() if value == "1" else queryset


# --- The public register /register/ (issue 17) --------------------------------

MAX_WORDS = 8


class RegisterFilterForm(forms.Form):
    """The public register's search: text and a choice for each filter. The view
    gives the choices (cooperations.selectors.register_filter_choices)."""

    CHOICES = ("land", "kreis", "sector", "form")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["query"].label = _("Suche")
        self.fields["query"].help_text = _(
            "Titel, Aufgabe, Organisationsform oder Partner"
        )
        self.helper = filter_helper(
            self,
            submit=_("Suchen"),
            label=_("Register durchsuchen"),
            search=True,
            fields=["query", "land", "kreis", "sector", "form", "status"],
        )

    def set_choices(self, choices: dict) -> None:
        """Each filter's choices (callables, asked only when the form renders),
        after „alle“."""
        for name in self.CHOICES:
            load = choices[name]
            # Once per form: the widget reads its choices more than once.
            self.fields[name].widget.choices = cache(
                lambda load=load: [("", _("alle")), *load()]
            )


class RegisterFilter(CooperationFilter):
    """The public register: ?query= (every word in title, task, form or a
    member's name; on PostgreSQL also German full-text search with stems),
    ?land=, ?kreis=, ?sector=, ?form=, ?status=; ?municipality= (AGS) from links.
    Conditions on partners count members only (has_partner)."""

    class Meta:
        model = Cooperation
        fields = []
        form = RegisterFilterForm

    land = _TextFilter(method="filter_land", label=_("Land"), widget=forms.Select)
    kreis = _TextFilter(method="filter_kreis", label=_("Kreis"), widget=forms.Select)
    sector = _TextFilter(method="filter_sector", label=_("Sektor"), widget=forms.Select)
    form = _TextFilter(
        field_name="form__code", label=_("Organisationsform"), widget=forms.Select
    )

    def filter_query(self, queryset: QuerySet, name, value: str) -> QuerySet:
        every_word = Q()
        for word in value.split()[:MAX_WORDS]:
            every_word &= (
                Q(title__icontains=word)
                | Q(task__icontains=word)
                | Q(form__name__icontains=word)
                | has_partner(
                    Q(municipality__name__icontains=word)
                    | Q(organisation__name__icontains=word)
                )
            )
        if connection.vendor != "postgresql":
            return queryset.filter(every_word)
        from django.contrib.postgres.search import SearchQuery, SearchVector

        # German stems: „Kläranlagen“ finds „Kläranlage“, „Abwassers“ „Abwasser“.
        return queryset.annotate(
            search_text=SearchVector("title", "task", config="german")
        ).filter(
            every_word
            | Q(
                search_text=SearchQuery(value, config="german", search_type="websearch")
            )
        )

    def filter_land(self, queryset: QuerySet, name, value: str) -> QuerySet:
        return queryset.filter(has_partner(Q(municipality__kreis__land_id=value)))
