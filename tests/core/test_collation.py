"""German alphabetical order on SQLite and PostgreSQL alike."""

from municipalities import selectors
from tests.factories import MunicipalityFactory


def test_umlauts_sort_beside_their_base_letter_not_after_z(kreis):
    for number, name in enumerate(["Zell", "Ärzen", "Arzen", "Öhringen", "Ohrdruf",
                                   "Süßen", "Sussen", "aachen"]):  # fmt: skip
        MunicipalityFactory(kreis=kreis, ags=f"06636{number + 500}", name=name)
    names = [
        m.short_name
        for m in selectors.municipality_list()
        if m.ags.startswith("066365")
    ]
    assert names.index("Ärzen") == names.index("Arzen") + 1
    assert names[0] == "aachen" and names[-1] == "Zell"
    assert names.index("Öhringen") < names.index("Süßen") < names.index("Zell")
    assert abs(names.index("Süßen") - names.index("Sussen")) == 1
