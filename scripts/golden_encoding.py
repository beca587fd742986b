"""How the golden-output scripts write a float in JSON: nan, inf, -inf and -0.0 as strings (JSON has none of them)."""
import math


def enc_float(x):
    """A float as JSON holds it: the number, or 'nan', 'inf', '-inf', '-0.0'."""
    x = float(x)
    if math.isnan(x):
        return 'nan'
    if math.isinf(x):
        return 'inf' if x > 0 else '-inf'
    if x == 0 and math.copysign(1.0, x) < 0:
        return '-0.0'
    return x
