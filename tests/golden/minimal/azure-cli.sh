# Azure CORS rules belong to the storage account's Blob service (ACCOUNT), not to the container
#   public-data: they apply to every container in the account, and replace the service's current
#   rules.
# Azure requires MaxAgeInSeconds: rules without MaxAgeSeconds get 0 (browsers then do not cache the
#   preflight).
az storage cors clear --services b --account-name ACCOUNT
az storage cors add --services b --account-name ACCOUNT \
  --origins '*' \
  --methods GET \
  --max-age 0
