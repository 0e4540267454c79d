"""The casualty categories tollwatch records, importable without loading the figures grammar."""

# killed: deaths; injured: wounded/hurt; missing: unaccounted for; displaced: forced from their homes
# inside their country; refugees: fled across a border.
CATEGORIES = ("killed", "injured", "missing", "displaced", "refugees")
