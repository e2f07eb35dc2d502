// Set this as the cors property of your existing s3.Bucket (it replaces the whole rule list), or
//   add each rule with bucket.addCorsRule({...}). CDK's names differ from S3's: exposedHeaders,
//   maxAge, id.
import * as s3 from 'aws-cdk-lib/aws-s3';

new s3.Bucket(this, 'OreillyShop', {
  bucketName: 'oreilly-shop',
  cors: [
    {
      id: 'o\'reilly "legacy"--shop',
      allowedOrigins: ['https://shop.o\'reilly.test', 'https://${env}.example.com'],
      allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.PUT],
      allowedHeaders: ['x-amz-meta-author\'s-note', 'x-custom\\path', '100%{x}'],
      exposedHeaders: ['x-amz-meta-"title"'],
      maxAge: 100000,
    },
  ],
});
