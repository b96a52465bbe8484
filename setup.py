"""Packaging details pyproject.toml cannot express: every netmap subpackage found automatically,
plus the repository's ``sample_networks`` folder shipped inside the wheel as ``netmap/_samples``
(the app opens on a sample; :mod:`netmap.samples` finds them in a checkout or an install)."""
from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["netmap", "netmap.*"]) + ["netmap._samples"],
    package_dir={"netmap._samples": "sample_networks"},
    package_data={
        "netmap": ["**/*.ini", "**/*.mako", "**/*.json", "**/*.html", "**/*.js", "**/*.css", "**/*.sql"],
        "netmap._samples": ["*", "**/*"],
    },
    exclude_package_data={"netmap._samples": ["**/__pycache__/*", "*.pyc", "**/*.pyc"]},
)
