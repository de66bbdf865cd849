"""The option comparison (/vergleich/optionen/, saved scenarios, the scenario report).

- `result`: the use case: `option_comparison(params=…)` → `ComparisonResult`.
- `options`: ranking of the organisational forms and the funding check.
- `cost_split`: the partners' shares of the yearly cost.
- `projection`: population variants (amtlich, trend, stress) and cost per inhabitant.
- `cost_model`: each partner alone versus together, break-even, funding from the
  computed savings, sensitivity.
- `notes`: the method and assumptions printed beside a result.

Only `result` reads the database (through `cooperations.selectors`); the others are
pure functions over plain data.
"""
