"""Reference baseline for the core benchmark: what a straightforward pydicom script does.

Usage: pydicom_core.py headers DIR | pydicom_core.py copy DIR OUT
Prints the number of files handled.
"""
import os
import sys

import pydicom


def files(root):
    for folder, _, names in os.walk(root):
        for name in sorted(names):
            yield os.path.join(folder, name)


def main():
    mode, root = sys.argv[1], sys.argv[2]
    count = 0
    if mode == "headers":
        for path in files(root):
            ds = pydicom.dcmread(path, stop_before_pixels=True)
            _ = ds.PatientID
            count += 1
    elif mode == "copy":
        out = sys.argv[3]
        for path in files(root):
            ds = pydicom.dcmread(path)
            target = os.path.join(out, os.path.relpath(path, root))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            ds.save_as(target)
            count += 1
    print(count)


if __name__ == "__main__":
    main()
