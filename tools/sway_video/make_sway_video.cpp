// A 30 fps test video for measuring the game (not part of the product): the astronaut photo from
// tests/data swaying and bobbing on a 640x480 canvas, MJPG in AVI.
//   g++ -O2 -std=c++17 tools/sway_video/make_sway_video.cpp -o /tmp/make_sway_video \
//       $(pkg-config --cflags --libs opencv4)
//   /tmp/make_sway_video tests/data/astronaut.png /tmp/sway.avi 12
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: make_sway_video IMAGE OUT.avi [SECONDS]\n");
    return 2;
  }
  const cv::Mat img = cv::imread(argv[1], cv::IMREAD_COLOR);
  if (img.empty()) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  const double seconds = argc > 3 ? std::atof(argv[3]) : 12;
  const double fps = 30;
  cv::VideoWriter out(argv[2], cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), fps, {640, 480});
  if (!out.isOpened()) {
    std::fprintf(stderr, "cannot write %s\n", argv[2]);
    return 1;
  }
  const double s = 460.0 / img.rows;
  for (int i = 0; i < int(seconds * fps); ++i) {
    const double t = i / fps;
    const double dx = 320 - img.cols * s / 2 + 60 * std::sin(2 * M_PI * 0.25 * t);
    const double dy = 10 + 6 * std::sin(2 * M_PI * 0.7 * t);
    const cv::Mat m = (cv::Mat_<double>(2, 3) << s, 0, dx, 0, s, dy);
    cv::Mat frame;
    cv::warpAffine(img, frame, m, {640, 480}, cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                   cv::Scalar(110, 120, 125));
    out.write(frame);
  }
  return 0;
}
