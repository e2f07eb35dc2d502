# Azure CORS rules belong to the storage account's Blob service (ACCOUNT), not to the container
#   acme-telemetry-ingest: they apply to every container in the account, and replace the service's
#   current rules.
# Azure CORS rules have no ID: "browser-uploads" is left out.
# x-amz-* headers are S3's; Azure's own are x-ms-* (x-ms-meta-* for metadata): rename them if the
#   page talks to Azure's API.
az storage cors clear --services b --account-name ACCOUNT
az storage cors add --services b --account-name ACCOUNT \
  --origins https://admin.acme.test \
  --methods PUT GET HEAD \
  --allowed-headers amz-sdk-invocation-id amz-sdk-request authorization content-type 'x-amz-*' \
  --exposed-headers ETag \
  --max-age 3000
