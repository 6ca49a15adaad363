import uvicorn

from referral.bootstrap import bootstrap
from referral.settings import ReferralSettings

settings = ReferralSettings()
uvicorn.run(bootstrap(settings), host=settings.host, port=settings.port, log_config=None)
