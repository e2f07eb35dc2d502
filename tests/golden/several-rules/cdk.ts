// Set this as the cors property of your existing s3.Bucket (it replaces the whole rule list), or
//   add each rule with bucket.addCorsRule({...}). CDK's names differ from S3's: exposedHeaders,
//   maxAge, id.
import * as s3 from 'aws-cdk-lib/aws-s3';

new s3.Bucket(this, 'AcmeMediaAssets', {
  bucketName: 'acme-media.assets',
  cors: [
    {
      id: 'app',
      allowedOrigins: ['https://app.example.com', 'https://*.preview.example.com'],
      allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.PUT, s3.HttpMethods.POST],
      allowedHeaders: ['content-type', 'x-amz-*'],
      exposedHeaders: ['ETag', 'x-amz-version-id'],
      maxAge: 3600,
    },
    {
      id: 'local-dev',
      allowedOrigins: ['http://localhost:*', 'http://127.0.0.1:5173'],
      allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.PUT],
      allowedHeaders: ['*'],
      exposedHeaders: ['ETag'],
      maxAge: 600,
    },
    {
      allowedOrigins: ['*'],
      allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.HEAD],
      exposedHeaders: ['Content-Range', 'Accept-Ranges'],
    },
  ],
});
