"""Writes Python's float floor division and remainder for edge cases to tests/fixtures/expr/python-float-divmod.json.

A development tool (python3); the app and `npm test` only read the committed JSON.
"""
import json
import math
import random

from golden_encoding import enc_float

CASES = [(1, 0.1), (-5, math.inf), (5, math.inf), (-5, -math.inf), (5, -math.inf), (-5.5, 2), (5.5, -2), (7.0, 0.7),
         (-0.0, 3.0), (0.0, -3.0), (0.3, 0.1), (1e16, 3.0), (-1e-300, 1e300), (2.5, 0.5), (-2.5, 0.5), (1e308, 1e-308)]
rng = random.Random(42)
for _ in range(200):
    a = rng.choice([1, -1]) * rng.random() * 10 ** rng.randint(-6, 8)
    b = rng.choice([1, -1]) * rng.random() * 10 ** rng.randint(-6, 8)
    CASES.append((a, b))


rows = [{'a': enc_float(float(a)), 'b': enc_float(float(b)), 'floordiv': enc_float(float(a) // b), 'mod': enc_float(float(a) % b)} for a, b in CASES]
with open('tests/fixtures/expr/python-float-divmod.json', 'w') as f:
    json.dump({'generated_by': 'scripts/python_divmod_golden.py', 'cases': rows}, f, indent=0)
print(len(rows), 'cases')
