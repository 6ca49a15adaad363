"""The subset of kustomize that deploy/k8s uses, in Python, so that the manifests render (and
then validate) offline without a kustomize binary.

A kustomization.yaml key, generator option or patch form outside this subset is refused rather
than ignored: using a new kustomize feature in deploy/k8s means teaching it here first. Where
`kubectl` (or `kustomize`) is installed, test_kubernetes.py compares this rendering with the
real one. One difference on purpose: generated ConfigMaps and Secrets get no content-hash
suffix (kustomize appends one so that a changed configuration rolls the pods).

Supported: resources (files with one or more documents, and directories with their own
kustomization.yaml), namespace, configMapGenerator and secretGenerator with literals
(behavior create or merge), patches (strategic merge, by the patch's kind and name or by a
target of kind, name and labelSelector), replicas and images. The strategic merge is the part
of it the manifests need: maps merge recursively, a null deletes, lists of maps that all have a
`name` (containers, env, volumes, ports) merge by name, any other list is replaced.
"""

from __future__ import annotations

import base64
import copy
from pathlib import Path
from typing import Any

import yaml

Resource = dict[str, Any]

KEYS = {
    "apiVersion",
    "kind",
    "namespace",
    "resources",
    "configMapGenerator",
    "secretGenerator",
    "patches",
    "replicas",
    "images",
}
GENERATOR_KEYS = {"name", "behavior", "literals"}
PATCH_KEYS = {"path", "target"}
TARGET_KEYS = {"kind", "name", "labelSelector"}
IMAGE_KEYS = {"name", "newName", "newTag"}
POD_OWNERS = {"Deployment", "StatefulSet", "DaemonSet", "Job"}


class Unsupported(Exception):
    """The kustomization uses something this renderer does not implement."""


def render(directory: Path) -> list[Resource]:
    kustomization = load_kustomization(directory)
    resources: list[Resource] = []
    for entry in kustomization.get("resources", []):
        path = (directory / entry).resolve()
        if path.is_dir():
            resources += render(path)
        else:
            resources += [d for d in yaml.safe_load_all(path.read_text("utf-8")) if d]
    for generator in kustomization.get("configMapGenerator", []):
        generate(resources, generator, "ConfigMap")
    for generator in kustomization.get("secretGenerator", []):
        generate(resources, generator, "Secret")
    for patch in kustomization.get("patches", []):
        apply_patch(resources, directory, patch)
    for replica in kustomization.get("replicas", []):
        [target] = [
            r for r in resources if r["kind"] == "Deployment" and name(r) == replica["name"]
        ]
        target["spec"]["replicas"] = replica["count"]
    for image in kustomization.get("images", []):
        set_image(resources, image)
    if "namespace" in kustomization:
        for resource in resources:
            resource["metadata"]["namespace"] = kustomization["namespace"]
    keys = [(r["kind"], name(r)) for r in resources]
    duplicates = {key for key in keys if keys.count(key) > 1}
    if duplicates:
        raise ValueError(f"{directory}: defined more than once: {sorted(duplicates)}")
    return resources


def load_kustomization(directory: Path) -> dict[str, Any]:
    loaded = yaml.safe_load((directory / "kustomization.yaml").read_text("utf-8"))
    assert isinstance(loaded, dict), f"{directory}/kustomization.yaml is not a map"
    if loaded.get("kind", "Kustomization") != "Kustomization":
        raise Unsupported(f"{directory}: kind {loaded['kind']}")
    unknown = set(loaded) - KEYS
    if unknown:
        raise Unsupported(f"{directory}/kustomization.yaml: {sorted(unknown)}")
    return loaded


def name(resource: Resource) -> str:
    return str(resource["metadata"]["name"])


def literals(generator: dict[str, Any]) -> dict[str, str]:
    pairs = {}
    for literal in generator.get("literals", []):
        key, separator, value = str(literal).partition("=")
        if not separator:
            raise ValueError(f"literal {literal!r} is not KEY=VALUE")
        pairs[key] = value
    return pairs


def generate(resources: list[Resource], generator: dict[str, Any], kind: str) -> None:
    unknown = set(generator) - GENERATOR_KEYS
    if unknown:
        raise Unsupported(f"{kind} generator: {sorted(unknown)}")
    data = literals(generator)
    if kind == "Secret":
        data = {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}
    behavior = generator.get("behavior", "create")
    existing = [r for r in resources if r["kind"] == kind and name(r) == generator["name"]]
    if behavior == "create":
        if existing:
            raise ValueError(f"{kind} {generator['name']} exists: merge or replace it")
        resource: Resource = {"apiVersion": "v1", "kind": kind, "metadata": {}, "data": data}
        resource["metadata"]["name"] = generator["name"]
        if kind == "Secret":
            resource["type"] = "Opaque"
        resources.append(resource)
    elif behavior == "merge":
        if not existing:
            raise ValueError(f"{kind} {generator['name']} to merge into is not generated")
        existing[0].setdefault("data", {}).update(data)
    else:
        raise Unsupported(f"generator behavior {behavior}")


def selected(resource: Resource, target: dict[str, Any]) -> bool:
    unknown = set(target) - TARGET_KEYS
    if unknown:
        raise Unsupported(f"patch target: {sorted(unknown)}")
    if "kind" in target and resource["kind"] != target["kind"]:
        return False
    if "name" in target and name(resource) != target["name"]:
        return False
    labels = resource["metadata"].get("labels", {})
    for requirement in filter(None, str(target.get("labelSelector", "")).split(",")):
        key, separator, value = requirement.partition("=")
        if not separator or key.endswith("!"):
            raise Unsupported(f"label selector {requirement!r} (only key=value)")
        if labels.get(key.strip()) != value.strip():
            return False
    return True


def apply_patch(resources: list[Resource], directory: Path, patch: dict[str, Any]) -> None:
    unknown = set(patch) - PATCH_KEYS
    if unknown or "path" not in patch:
        raise Unsupported(f"patch {patch} (only strategic merge patches from a path)")
    documents = [d for d in yaml.safe_load_all((directory / patch["path"]).read_text("utf-8")) if d]
    for document in documents:
        target = patch.get("target") or {"kind": document["kind"], "name": name(document)}
        body = copy.deepcopy(document)
        body["metadata"].pop("name", None)
        matched = [r for r in resources if selected(r, target)]
        if not matched:
            raise ValueError(f"{directory / patch['path']}: no resource matches {target}")
        for resource in matched:
            merged = strategic_merge(resource, body)
            resource.clear()
            resource.update(merged)


def strategic_merge(base: Any, patch: Any) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = copy.deepcopy(base)
        for key, value in patch.items():
            if value is None:
                merged.pop(key, None)
            elif key in merged:
                merged[key] = strategic_merge(merged[key], value)
            else:
                merged[key] = copy.deepcopy(value)
        return merged
    if isinstance(base, list) and isinstance(patch, list) and named(base) and named(patch):
        merged_list = copy.deepcopy(base)
        for item in patch:
            same = [i for i, old in enumerate(merged_list) if old["name"] == item["name"]]
            if same:
                merged_list[same[0]] = strategic_merge(merged_list[same[0]], item)
            else:
                merged_list.append(copy.deepcopy(item))
        return merged_list
    return copy.deepcopy(patch)


def named(items: list[Any]) -> bool:
    return all(isinstance(i, dict) and "name" in i for i in items)


def split_image(image: str) -> tuple[str, str]:
    """'registry:5000/x/y:tag' -> ('registry:5000/x/y', ':tag'); no digests here."""
    if "@" in image:
        raise Unsupported(f"image digest in {image}")
    repository, separator, tag = image.rpartition(":")
    if separator and "/" not in tag:
        return repository, f":{tag}"
    return image, ""


def containers(resource: Resource) -> list[dict[str, Any]]:
    if resource["kind"] not in POD_OWNERS:
        return []
    pod = resource["spec"]["template"]["spec"]
    return [*pod.get("initContainers", []), *pod.get("containers", [])]


def set_image(resources: list[Resource], image: dict[str, Any]) -> None:
    unknown = set(image) - IMAGE_KEYS
    if unknown:
        raise Unsupported(f"images: {sorted(unknown)}")
    for resource in resources:
        for container in containers(resource):
            repository, tag = split_image(container["image"])
            if repository != image["name"]:
                continue
            if "newTag" in image:
                tag = f":{image['newTag']}"
            container["image"] = image.get("newName", repository) + tag
