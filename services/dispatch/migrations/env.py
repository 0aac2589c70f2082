from services.common.migrations_env import run_migrations
from services.dispatch.adapters.models import Base

run_migrations(Base.metadata)
