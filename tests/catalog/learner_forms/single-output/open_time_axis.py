# expect: accepted
from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential([SimpleRNN(4, input_shape=(None, 2))])
