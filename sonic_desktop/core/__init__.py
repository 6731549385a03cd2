"""Qt-free, torch-free core: settings, requests, progress, errors, storage, advice."""
