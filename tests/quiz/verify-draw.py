#!/usr/bin/env python3
"""Recompute a quiz campaign's prize draw from its published record (python3 standard library only).

The record is what GET /api/quiz/campaigns/{id}/draw returns once the campaign has closed and the prizes were drawn:

    curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/quiz/campaigns/$ID/draw" > draw.json
    python3 tests/quiz/verify-draw.py draw.json        # or: ... | python3 tests/quiz/verify-draw.py -

Algorithm "sha256-counter-v1" (src/Domain/Quiz/PrizeDraw.cs):
  1. When the campaign was published, SHA-256 of the seed (its UTF-8 text, lowercase hex) was published as seedHash.
     The seed is revealed only after the campaign closed, so nobody could steer the draw after committing to it.
  2. The eligible entry ids are sorted (ordinal, i.e. by code point).
  3. For round r = 0, 1, ... while prizes and entries remain: take SHA-256 of "{seed}:{r}", read its first 8 bytes as a
     big-endian unsigned integer, and take it modulo the number of entries left; that entry wins and leaves the list.
For a "topN" campaign there is no draw: the winners are the first N of the leaderboard after the risk check, and the
script only checks the seed commitment.

Exit status 0 when the seed matches its hash and the winners match; 1 otherwise.
"""
import hashlib
import json
import sys


def winners(seed, eligible, count):
    pool = sorted(set(eligible))
    chosen = []
    for round_number in range(count):
        if not pool:
            break
        digest = hashlib.sha256(f"{seed}:{round_number}".encode("utf-8")).digest()
        index = int.from_bytes(digest[:8], "big") % len(pool)
        chosen.append(pool.pop(index))
    return chosen


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    source = sys.stdin if argv[1] == "-" else open(argv[1], encoding="utf-8")
    with source:
        record = json.load(source)

    seed, seed_hash = record.get("seed"), record.get("seedHash")
    if not seed:
        print("seed not revealed yet: the campaign has not closed")
        return 1
    if hashlib.sha256(seed.encode("utf-8")).hexdigest() != seed_hash:
        print(f"MISMATCH: sha256(seed) is not the published seedHash {seed_hash}")
        return 1
    print(f"seed matches the hash published at opening ({seed_hash})")

    published = [w["entryId"] for w in sorted(record.get("winners", []), key=lambda w: w["rank"])]
    if record.get("prizeKind") != "drawAmongPerfect":
        print(f"{record.get('prizeKind')}: no draw to recompute; published winners: {published}")
        return 0
    if record.get("algorithm") != "sha256-counter-v1":
        print(f"unknown algorithm {record.get('algorithm')}")
        return 1

    recomputed = winners(seed, record.get("eligible", []), int(record.get("prizeCount", 0)))
    for rank, entry in enumerate(recomputed, 1):
        print(f"  {rank}. {entry}")
    if recomputed != published:
        print(f"MISMATCH: published winners {published}")
        return 1
    print(f"OK: {len(recomputed)} winners recomputed from {len(record.get('eligible', []))} eligible entries")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
