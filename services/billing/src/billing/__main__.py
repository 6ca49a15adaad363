import uvicorn

from billing.bootstrap import bootstrap
from billing.settings import BillingSettings

settings = BillingSettings()
uvicorn.run(bootstrap(settings), host=settings.host, port=settings.port, log_config=None)
