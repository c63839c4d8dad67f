"""Small inputs that cost a careless decoder seconds and hundreds of MiB in its error path.

Each is valid at the layer a size bound checks and hostile one layer in: a serialized context
that inflates to under 1 MiB but holds half a million wrong list items, a YAML document of a few
hundred bytes whose aliases expand to a billion nodes, an INI file whose interpolations nest
ten times ten deep, an INI file whose defaults every section inherits. ctxcore's decoders refuse
(or read) each within 1 s and 50 MiB, with a message of at most 4 KiB
(``tests/shell/test_decoder_bombs.py`` shows it in capped interpreters, ``make bench`` W16
measures it); an SDK's own decoders can be tried with them too. Gzip bombs are
``ctxcore.testing.gzip_bomb``."""

from __future__ import annotations

import json

from ctxcore.core.serialization.transport import encode_transport_text

__all__ = [
    "ini_defaults_bomb",
    "ini_interpolation_bomb",
    "wrong_items_context",
    "wrong_items_json",
    "yaml_alias_bomb",
]


def wrong_items_json(items: int = 500_000) -> str:
    """Settings JSON whose ``image_config.images`` holds ``items`` integers, each a wrong item
    (an image must be an object): 500,000 fit in under 1 MiB."""
    document = {
        "project": "p",
        "domain": "d",
        "version": "v",
        "image_config": {"default_image": None, "images": [1] * items},
    }
    return json.dumps(document, separators=(",", ":"))


def wrong_items_context(items: int = 500_000) -> str:
    """The ``_F_SS_C`` value of ``wrong_items_json(items)``: about 1.4 KB for 500,000 items."""
    return encode_transport_text(wrong_items_json(items))


def yaml_alias_bomb(levels: int = 9, width: int = 9, key: str = "admin.insecure") -> str:
    """ "Billion laughs": each level an anchored list of ``width`` aliases of the level below,
    the last level the value of the dotted ``key``. The defaults are 455 bytes that expand to
    9**9 (387 million) strings under a key whose value is checked (a boolean)."""
    laughs = ",".join(['"lol"'] * width)
    lines = [f"l0: &l0 [{laughs}]"]
    lines += [
        f"l{level}: &l{level} [{','.join([f'*l{level - 1}'] * width)}]"
        for level in range(1, levels)
    ]
    *parents, leaf = key.split(".")
    lines += [f"{'  ' * depth}{parent}:" for depth, parent in enumerate(parents)]
    lines.append(f"{'  ' * len(parents)}{leaf}: *l{levels - 1}")
    return "\n".join(lines) + "\n"


def ini_interpolation_bomb(
    levels: int = 8, width: int = 10, base: int = 10, *, read: bool = True
) -> str:
    """An INI file whose ``[DEFAULT]`` option ``a0`` is ``width`` references to ``a1``, and so
    on ``levels`` deep to ``a<levels>``, ``base`` characters: ``a0`` interpolates to
    ``base * width ** levels`` characters (a gigabyte by default, from about 600 bytes) in every
    section, since every section inherits the defaults. With ``read``, ``[platform] url`` (a
    setting every resolution reads) is ``%(a0)s``; without, it is a plain value and nothing
    that resolution reads refers to ``a0``."""
    lines = ["[DEFAULT]", f"a{levels} = {'x' * base}"]
    lines += [f"a{level} = {f'%(a{level + 1})s' * width}" for level in range(levels - 1, -1, -1)]
    lines += ["[platform]", "url = %(a0)s" if read else "url = flyte.example.com"]
    return "\n".join(lines) + "\n"


def ini_defaults_bomb(sections: int = 5000, defaults: int = 4999) -> str:
    """An INI file of ``defaults`` options in ``[DEFAULT]`` and ``sections`` empty sections
    (10,000 lines, 68 KB by default): every section inherits every default, so a parser that
    copies the defaults into each section makes ``sections * defaults`` entries (25 million)."""
    lines = ["[DEFAULT]"]
    lines += [f"d{index}=" for index in range(defaults)]
    lines += [f"[s{index}]" for index in range(sections)]
    return "\n".join(lines) + "\n"
