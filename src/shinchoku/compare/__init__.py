"""Comparing many governments on common indicators (after Kolada).

An indicator set (:mod:`.indicators`) defines indicators once; a survey file
(:mod:`.survey`) brings one figure per organisation × indicator × year into the store
(:mod:`.store`); :mod:`.arithmetic` computes distributions, rankings, peer-group
comparisons and trends from them without touching storage.
"""
