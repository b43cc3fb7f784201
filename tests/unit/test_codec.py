import json

from ptop.model.codec import snapshot_from_dict, snapshot_to_json
from tests.factories import classroom, snapshot, thread


def test_snapshot_round_trips_through_json():
    original = snapshot(classroom(), threads={500: (thread(500, "MainThread"), thread(510))})
    again = snapshot_from_dict(json.loads(snapshot_to_json(original)))
    assert again == original
