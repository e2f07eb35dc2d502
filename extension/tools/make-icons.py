#!/usr/bin/env python3
"""Draws extension/static/icons/{16,32,48,128}.png: a blue rounded square with a white open ring
(a "C" for CORS, open towards the other origin). Standard library only; run from anywhere."""
import math, os, struct, zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "static", "icons")
BLUE, WHITE, AMBER = (26, 115, 232), (255, 255, 255), (251, 188, 4)


def coverage(inside, x, y, n=4):
    """Fraction of the pixel (x, y) inside the shape, by n×n supersampling."""
    hits = sum(inside(x + (i + .5) / n, y + (j + .5) / n) for i in range(n) for j in range(n))
    return hits / (n * n)


def icon(size):
    s = size
    r = s * 0.22  # corner radius

    def square(x, y):
        cx, cy = min(max(x, r), s - r), min(max(y, r), s - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r

    def ring(x, y):
        dx, dy = x - s / 2, y - s / 2
        d = math.hypot(dx, dy)
        angle = math.degrees(math.atan2(-dy, dx))
        return s * 0.22 <= d <= s * 0.36 and not (-40 <= angle <= 40)

    def dot(x, y):  # the request crossing over
        return math.hypot(x - s * 0.74, y - s / 2) <= s * 0.09

    rows = []
    for y in range(s):
        row = bytearray([0])
        for x in range(s):
            a = coverage(square, x, y)
            colour = BLUE
            w, d = coverage(ring, x, y), coverage(dot, x, y)
            colour = tuple(round(c * (1 - w - d) + wc * w + dc * d) for c, wc, dc in zip(BLUE, WHITE, AMBER))
            row += bytes(colour) + bytes([round(255 * a)])
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", s, s, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


os.makedirs(OUT, exist_ok=True)
for size in (16, 32, 48, 128):
    with open(os.path.join(OUT, f"{size}.png"), "wb") as f:
        f.write(icon(size))
