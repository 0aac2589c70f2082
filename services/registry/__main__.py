from services.common.runner import run

from .service import RegistryService

if __name__ == "__main__":
    run(RegistryService, default_port=8001)
