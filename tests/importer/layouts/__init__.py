"""The layout corpus of issue #10: the bundled seeds rewritten in the layouts other counties use.

`truth` freezes what the importer read from the unmodified seeds (truth.json), `model` segments a
seed into cover / chapters / items / tasks / tail, `variants` renders that model in other layouts
with the truth each rendering implies, and `evaluate` scores a draft against it as the issue does.
"""
