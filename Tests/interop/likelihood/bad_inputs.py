"""Bad workspaces and patches: each must make every command exit 2 with a message that names the
file and the place in it (the JSON path), and print nothing on standard output."""
import copy
import json
import re
import subprocess

COMMANDS = ("cls", "limit", "fit", "significance")


def mutate(spec, edit):
    spec = copy.deepcopy(spec)
    edit(spec)
    return spec


def set_at(path, value):
    def edit(spec):
        node = spec
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return edit


def delete_at(path):
    def edit(spec):
        node = spec
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return edit


def cases(spec):
    """(label, workspace text, patch text or None, extra arguments, fragments the message must name).
    A fragment that is a list is satisfied by any one of its spellings."""
    good = json.dumps(spec)
    jes = spec["channels"][2]["samples"][1]["modifiers"][2]
    assert jes["type"] == "histosys", "every_modifier's layout changed: VR ttbar modifiers[2] is the jes histosys"
    short_hi = jes["data"]["hi_data"][:-1]
    return [
        ("malformed JSON", good[: len(good) // 2], None, [], [re.compile(r"\d+:\d+|line \d+|offset \d+|byte \d+")]),
        ("NaN yield", good.replace(json.dumps(spec["channels"][0]["samples"][1]["data"][0]), "NaN", 1), None, [],
         [re.compile(r"\d+:\d+|line \d+|offset \d+|byte \d+|NaN|channels\[0\]")]),
        ("schema: data not an array", json.dumps(mutate(spec, set_at(["channels", 1, "samples", 0, "data"], "many"))),
         None, [], ["channels[1].samples[0].data"]),
        ("schema: modifier without name",
         json.dumps(mutate(spec, delete_at(["channels", 0, "samples", 2, "modifiers", 0, "name"]))), None, [],
         ["channels[0].samples[2].modifiers[0]"]),
        ("unknown modifier type",
         json.dumps(mutate(spec, set_at(["channels", 2, "samples", 1, "modifiers", 3, "type"], "magicsys"))), None, [],
         ["channels[2].samples[1].modifiers[3]"]),
        ("histosys bin count",
         json.dumps(mutate(spec, set_at(["channels", 2, "samples", 1, "modifiers", 2, "data", "hi_data"], short_hi))),
         None, [], ["channels[2].samples[1].modifiers[2].data.hi_data"]),
        ("negative yield", json.dumps(mutate(spec, set_at(["channels", 0, "samples", 1, "data", 2], -4.0))), None, [],
         ["channels[0].samples[1].data"]),
        ("observation bin count",
         json.dumps(mutate(spec, set_at(["observations", 1, "data"], spec["observations"][1]["data"] + [3.0]))), None,
         [], ["observations[1].data"]),
        ("POI missing from the model",
         json.dumps(mutate(spec, set_at(["measurements", 0, "config", "poi"], "mu_nowhere"))), None, [],
         ["measurements[0].config.poi", "mu_nowhere"]),
        ("patch path that does not exist", good, json.dumps([{"op": "remove", "path": "/channels/7/samples/0"}]), [],
         [["/channels/7", "channels[7]"]]),
        ("patch that is not JSON Patch", good, json.dumps([{"op": "teleport", "path": "/channels/0"}]), [],
         [["[0].op", "[0]"]]),
        ("unknown measurement", good, None, ["--measurement", "no_such_measurement"], ["no_such_measurement"]),
        ("mu not finite", good, None, ["--mu", "nan"], ["--mu"]),
    ]


def check_all(tally, binary, work, spec):
    folder = work / "bad"
    folder.mkdir(exist_ok=True)
    for index, (label, text, patch_text, extra, fragments) in enumerate(cases(spec)):
        workspace = folder / f"ws{index}.json"
        workspace.write_text(text)
        arguments = [str(workspace)]
        named = [workspace.name]
        if patch_text is not None:
            patch = folder / f"patch{index}.json"
            patch.write_text(patch_text)
            arguments += ["--patch", str(patch)]
            named = [patch.name]
        commands = ("cls",) if "--mu" in extra else COMMANDS
        for command in commands:
            run = subprocess.run([binary, command, *arguments, *extra, "--json"], capture_output=True, text=True)
            message = run.stderr
            missing = [f for f in named + fragments if not mentions(message, f)]
            if "--mu" in extra:
                missing = [f for f in missing if f not in named]
            tally.check(run.returncode == 2 and not missing and run.stdout == "",
                        f"bad input '{label}', {command}: exit {run.returncode}, stdout {run.stdout[:80]!r}, "
                        f"message lacks {[getattr(f, 'pattern', f) for f in missing]}: {message.strip()[:300]!r}")
    missing_patch = folder / "no-such-patch.json"
    workspace = folder / "good.json"
    workspace.write_text(json.dumps(spec))
    run = subprocess.run([binary, "cls", str(workspace), "--patch", str(missing_patch), "--json"],
                         capture_output=True, text=True)
    tally.check(run.returncode == 2 and missing_patch.name in run.stderr and run.stdout == "",
                f"a patch file that does not exist: exit {run.returncode}: {run.stderr.strip()[:200]!r}")


def mentions(message, fragment):
    if isinstance(fragment, list):
        return any(mentions(message, f) for f in fragment)
    if isinstance(fragment, re.Pattern):
        return fragment.search(message) is not None
    return fragment in message
