# Azure CORS rules belong to the storage account's Blob service (ACCOUNT), not to the container
#   acme-media.assets: they apply to every container in the account, and replace the service's
#   current rules.
# Azure CORS rules have no ID: "app" and "local-dev" are left out.
# Azure takes `*` or whole origins, comma-separated, without partial wildcards:
#   "https://*.preview.example.com" and "http://localhost:*" are left out.
# Azure requires MaxAgeInSeconds: rules without MaxAgeSeconds get 0 (browsers then do not cache the
#   preflight).
# x-amz-* headers are S3's; Azure's own are x-ms-* (x-ms-meta-* for metadata): rename them if the
#   page talks to Azure's API.
az storage cors clear --services b --account-name ACCOUNT
az storage cors add --services b --account-name ACCOUNT \
  --origins https://app.example.com \
  --methods GET PUT POST \
  --allowed-headers content-type 'x-amz-*' \
  --exposed-headers ETag x-amz-version-id \
  --max-age 3600
az storage cors add --services b --account-name ACCOUNT \
  --origins http://127.0.0.1:5173 \
  --methods GET PUT \
  --allowed-headers '*' \
  --exposed-headers ETag \
  --max-age 600
az storage cors add --services b --account-name ACCOUNT \
  --origins '*' \
  --methods GET HEAD \
  --exposed-headers Content-Range Accept-Ranges \
  --max-age 0
