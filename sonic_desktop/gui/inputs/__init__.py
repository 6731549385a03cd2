"""The inputs room: the portrait and speech drop zones, face picking, the audio card."""
