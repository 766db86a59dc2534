"""Regenerates vectors.json: doubles (as IEEE-754 bit patterns) and Python's repr of each.

Run: python3 generate.py > vectors.json  (any CPython 3; repr(float) is stable since 3.1)
"""
import json
import random
import struct

rng = random.Random(20261122)
values = []
for _ in range(1500):  # random bit patterns: every exponent, subnormals included
    bits = rng.getrandbits(64)
    v = struct.unpack("<d", struct.pack("<Q", bits))[0]
    if v == v and v not in (float("inf"), float("-inf")):
        values.append(v)
for _ in range(1000):  # short decimals, the common case in configs
    values.append(float(f"{rng.randint(-99999, 99999)}e{rng.randint(-30, 30)}"))
for e in range(-330, 310):  # powers of ten around the fixed/scientific switch and the ends of the range
    for m in (1, 2.5, 9.999999999999999):
        values.append(float(f"{m}e{e}"))
values += [0.1, 0.2, 0.30000000000000004, 1e16, 1e15, 9999999999999998.0, 1e-4, 1e-5, 123456789.123,
           2.0 ** 53, 2.0 ** 63, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -0.0, 0.0,
           2.82879384806159e17, 1e23, 8.41e21]
values = [v for v in values if abs(v) != float("inf")]
print(json.dumps([[format(struct.unpack("<Q", struct.pack("<d", v))[0], "016x"), repr(v)] for v in values]))
