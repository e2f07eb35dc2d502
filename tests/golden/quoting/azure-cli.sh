# Azure CORS rules belong to the storage account's Blob service (ACCOUNT), not to the container
#   oreilly-shop: they apply to every container in the account, and replace the service's current
#   rules.
# Azure CORS rules have no ID: "o'reilly \"legacy\"--shop" is left out.
# x-amz-* headers are S3's; Azure's own are x-ms-* (x-ms-meta-* for metadata): rename them if the
#   page talks to Azure's API.
az storage cors clear --services b --account-name ACCOUNT
az storage cors add --services b --account-name ACCOUNT \
  --origins 'https://shop.o'\''reilly.test' 'https://${env}.example.com' \
  --methods GET PUT \
  --allowed-headers 'x-amz-meta-author'\''s-note' 'x-custom\path' '100%{x}' \
  --exposed-headers 'x-amz-meta-"title"' \
  --max-age 100000
