#!/usr/bin/env python3
"""Compares two pose JSON files (tests/data/mediapipe format): mean and max landmark distance in % of
the image diagonal, over landmarks whose visibility is above --min-visibility in both files."""
import argparse
import json
import math
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('a')
    parser.add_argument('b')
    parser.add_argument('--min-visibility', type=float, default=0.5)
    args = parser.parse_args()
    with open(args.a) as f:
        a = json.load(f)
    with open(args.b) as f:
        b = json.load(f)
    if (a['width'], a['height']) != (b['width'], b['height']):
        sys.exit('The two files describe images of different sizes; compare files of the same image.')
    if not a['poses'] or not b['poses']:
        sys.exit('One of the files has no pose; nothing to compare.')
    w, h = a['width'], a['height']
    diag = math.hypot(w, h)
    dists = []
    for la, lb in zip(a['poses'][0]['landmarks'], b['poses'][0]['landmarks']):
        if la[3] > args.min_visibility and lb[3] > args.min_visibility:
            dists.append(math.hypot((la[0] - lb[0]) * w, (la[1] - lb[1]) * h) / diag * 100)
    if not dists:
        sys.exit('No landmark is visible in both files; lower --min-visibility.')
    print('%d landmarks, mean %.3f %%, max %.3f %% of the image diagonal' %
          (len(dists), sum(dists) / len(dists), max(dists)))


if __name__ == '__main__':
    main()
