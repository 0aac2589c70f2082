from services.common.runner import run

from .service import DispatchService

if __name__ == "__main__":
    run(DispatchService, default_port=8002)
