"""Reference baseline for run.sh: the basic de-identification a straightforward pydicom script does, as the original
FastAPI tool did it, one file after another.

Usage: pydicom_anonymize.py IN_DIR OUT_DIR
Walks IN_DIR, and for every file: replaces PatientName and PatientID, blanks PatientBirthDate and the study, series,
acquisition and content dates, removes private tags, replaces every UID-valued element (sequences included) with a new
one from pydicom.uid.generate_uid, the same original always giving the same new UID (a dict), and saves the result
under the same relative path in OUT_DIR. Prints the number of files written.
"""
import os
import sys

import pydicom
from pydicom.uid import generate_uid

BLANK_DATES = ("PatientBirthDate", "StudyDate", "SeriesDate", "AcquisitionDate", "ContentDate", "InstanceCreationDate")
# Class and syntax UIDs name what the object is, not who it is about: they stay.
KEEP_UIDS = {"SOPClassUID", "ReferencedSOPClassUID", "TransferSyntaxUID", "MediaStorageSOPClassUID"}

uid_map = {}


def new_uid(old):
    if old not in uid_map:
        uid_map[old] = generate_uid()
    return uid_map[old]


def replace_uids(dataset):
    for element in dataset:
        if element.VR == "SQ":
            for item in element.value:
                replace_uids(item)
        elif element.VR == "UI" and element.keyword not in KEEP_UIDS and element.value:
            element.value = new_uid(str(element.value))


def anonymize(ds):
    ds.PatientName = "ANONYMOUS"
    ds.PatientID = "ANON" + new_uid(str(ds.get("PatientID", "")))[-8:]
    for keyword in BLANK_DATES:
        if keyword in ds:
            ds.data_element(keyword).value = ""
    ds.remove_private_tags()
    replace_uids(ds)
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID


def main():
    root, out = sys.argv[1], sys.argv[2]
    count = 0
    for folder, _, names in os.walk(root):
        for name in sorted(names):
            path = os.path.join(folder, name)
            ds = pydicom.dcmread(path)
            anonymize(ds)
            target = os.path.join(out, os.path.relpath(path, root))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            ds.save_as(target)
            count += 1
    print(count)


if __name__ == "__main__":
    main()
